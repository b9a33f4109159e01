import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { ConflictError, CurrentTenant, decodeCursor, NotFoundError, type Page, type PageRequest, pageSize, toPage, ValidationError } from '@mais/domain';
import { ConfigChangeLog } from './entities/config-change-log.entity';
import { ConfigVersion, ConfigVersionStatus } from './entities/config-version.entity';
import type { Actor } from './actor';
import { recordChange, snapshotOf } from './change-log';
import { ConfigWriter } from './config-writer';
import { CONFIG_SCHEMA_VERSION, type ConfigDocument, defaultConfig, diffConfigs, type JsonPatchOperation, validateConfig } from './document';
import { createVersion, findPublished, publishVersion, readStoredConfig, toStored } from './version-store';

export interface VersionRef {
  versionId: string;
  version: number;
}

/** RFC 6902 operations turning `from` (null: the default config) into `to`. */
export interface ConfigDiff {
  from: VersionRef | null;
  to: VersionRef;
  operations: JsonPatchOperation[];
}

/** `published` or a version id. */
export type DiffTarget = 'published' | string;

/**
 * Versions of the current tenant's widget configuration: drafts, publishing, rollback, diffs and the
 * audit trail. Every write runs in one transaction holding the tenant's config lock (ConfigWriter), and
 * writes its ConfigChangeLog row in that same transaction.
 */
@Injectable()
export class ConfigVersionService {
  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly writer: ConfigWriter,
  ) {}

  /** Newest first. */
  async list(request: PageRequest = {}): Promise<Page<ConfigVersion>> {
    const limit = pageSize(request);
    const where: FilterQuery<ConfigVersion> = {};
    if (request.cursor) {
      const [version] = decodeCursor(request.cursor, ['integer']);
      where.version = { $lt: version };
    }
    const rows = await this.em.find(ConfigVersion, where, { orderBy: { version: 'desc' }, limit: limit + 1 });
    return toPage(rows, limit, (last) => [last.version]);
  }

  async get(id: string): Promise<ConfigVersion> {
    const version = await this.em.findOne(ConfigVersion, { id });
    if (!version) throw new NotFoundError('Config version');
    return version;
  }

  /** A version's document, migrated to the current schema version. */
  configOf(version: ConfigVersion): ConfigDocument {
    return readStoredConfig(version.config);
  }

  /** A new draft: the given document (validated, defaults filled in), else a copy of the published one, else the defaults. */
  async createDraft(actor: Actor, config?: unknown): Promise<ConfigVersion> {
    const given = config === undefined ? undefined : validated(config);
    return this.writer.write(async (em) => {
      const published = await findPublished(em);
      const source = given ?? (published ? readStoredConfig(published.config) : defaultConfig());
      const draft = await createVersion(em, this.currentTenant.tenantRef(), source, actor);
      recordChange(em, this.currentTenant.tenantRef(), {
        action: 'CREATE_DRAFT',
        actor,
        versionId: draft.id,
        before: null,
        after: { ...snapshotOf(draft), copiedFrom: given ? null : (published?.id ?? null) },
      });
      return draft;
    });
  }

  /** Replaces a draft's document. `expectedRevision`, when given, must be the draft's current revision. */
  async updateDraft(actor: Actor, id: string, config: unknown, expectedRevision?: number): Promise<ConfigVersion> {
    const next = validated(config);
    return this.writer.write(async (em) => {
      const draft = await this.load(em, id);
      if (draft.status !== ConfigVersionStatus.DRAFT) {
        throw new ConflictError(`Version ${draft.version} is ${draft.status.toLowerCase()}; only a draft can be edited (create a new draft instead)`);
      }
      if (expectedRevision !== undefined && expectedRevision !== draft.revision) {
        throw new ConflictError(
          `Version ${draft.version} has changed since you read it (expectedVersion ${expectedRevision}, now ${draft.revision}); reload it and apply your edit again`,
        );
      }
      const before = snapshotOf(draft);
      draft.config = toStored(next);
      draft.revision = draft.revision + 1;
      recordChange(em, this.currentTenant.tenantRef(), { action: 'UPDATE_DRAFT', actor, versionId: draft.id, before, after: snapshotOf(draft) });
      return draft;
    });
  }

  /** The draft becomes the one published version; the previously published one is archived. */
  async publish(actor: Actor, id: string): Promise<ConfigVersion> {
    const published = await this.writer.write(async (em) => {
      const draft = await this.load(em, id);
      if (draft.status !== ConfigVersionStatus.DRAFT) {
        throw new ConflictError(
          `Version ${draft.version} is ${draft.status.toLowerCase()}; only a draft can be published (roll back to republish an old version)`,
        );
      }
      await this.writer.publish(em, draft, actor);
      return draft;
    });
    await this.writer.publishedConfigChanged();
    return published;
  }

  /** Publishes a new version whose document is a copy of version `id`; the previously published one is archived. */
  async rollback(actor: Actor, id: string): Promise<ConfigVersion> {
    const restored = await this.writer.write(async (em) => {
      const target = await this.load(em, id);
      if (target.status === ConfigVersionStatus.DRAFT) {
        throw new ConflictError(`Version ${target.version} is a draft that was never published; publish it instead`);
      }
      const previous = await findPublished(em);
      const tenant = this.currentTenant.tenantRef();
      const restored = await createVersion(em, tenant, readStoredConfig(target.config), actor);
      await publishVersion(em, restored, previous);
      await this.writer.announcePublished(em, restored, actor);
      recordChange(em, tenant, {
        action: 'ROLLBACK',
        actor,
        versionId: restored.id,
        before: previous ? snapshotOf(previous) : null,
        after: { ...snapshotOf(restored), restoredFrom: { versionId: target.id, version: target.version } },
      });
      return restored;
    });
    await this.writer.publishedConfigChanged();
    return restored;
  }

  /** The operations that turn `against` (a version, or the published config) into version `id`. */
  async diff(id: string, against: DiffTarget = 'published'): Promise<ConfigDiff> {
    const version = await this.get(id);
    let from: ConfigVersion | null;
    if (against === 'published') {
      from = await findPublished(this.em);
    } else {
      from = await this.em.findOne(ConfigVersion, { id: against });
      if (!from) throw new NotFoundError('Config version to diff against');
    }
    const base = from ? readStoredConfig(from.config) : defaultConfig();
    return {
      from: from ? { versionId: from.id, version: from.version } : null,
      to: { versionId: version.id, version: version.version },
      operations: diffConfigs(base, readStoredConfig(version.config)),
    };
  }

  /** The audit trail, newest first. */
  async listChanges(request: PageRequest = {}): Promise<Page<ConfigChangeLog>> {
    const limit = pageSize(request);
    const where: FilterQuery<ConfigChangeLog> = {};
    if (request.cursor) {
      const [at, id] = decodeCursor(request.cursor, ['instant', 'uuid']);
      where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
    }
    const rows = await this.em.find(ConfigChangeLog, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return toPage(rows, limit, (last) => [last.createdAt.toISOString(), last.id]);
  }

  private async load(em: EntityManager, id: string): Promise<ConfigVersion> {
    const version = await em.findOne(ConfigVersion, { id });
    if (!version) throw new NotFoundError('Config version');
    return version;
  }
}

/**
 * An admin's draft document: a partial one is completed with defaults, and one that names no `schemaVersion`
 * is written against this server's (patches, by contrast, must leave the version in place).
 */
function validated(config: unknown): ConfigDocument {
  const input = isRecord(config) && config.schemaVersion === undefined ? { schemaVersion: CONFIG_SCHEMA_VERSION, ...config } : config;
  const result = validateConfig(input);
  if (!result.ok) {
    throw new ValidationError(
      'The config document is invalid',
      result.errors.map((e) => ({ field: e.field ? `config.${e.field}` : 'config', message: e.message })),
    );
  }
  return result.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

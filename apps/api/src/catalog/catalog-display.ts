import { Injectable } from '@nestjs/common';
import { Package, Tenant } from '@mais/domain';

export interface DisplayedPackage {
  pkg: Package;
  featured: boolean;
  description: string;
}

/**
 * Decides which active packages the widget shows, in what order, featured or not, with which description.
 * The default shows every package by name; the config-driven implementation replaces it (issue #5).
 */
@Injectable()
export class CatalogDisplay {
  async apply(packages: Package[], _tenant: Tenant, _options: { includeHidden?: boolean } = {}): Promise<DisplayedPackage[]> {
    return packages.map((pkg) => ({ pkg, featured: false, description: pkg.description }));
  }
}

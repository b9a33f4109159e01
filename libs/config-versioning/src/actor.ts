import type { ActorType } from './entities/config-version.entity';

/** Who made a change: a user (by id), an agent (by its declared name) or the system. */
export interface Actor {
  type: ActorType;
  id: string | null;
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UserRole } from '@mais/domain';
import { ActorType } from '@mais/config-versioning';

/** Who is calling, as established by the CredentialsGuard. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'widget'; tenantId: string }
  | { kind: 'agent'; tenantId: string }
  | { kind: 'user'; userId: string; role: UserRole; tenantId: string | null };

export interface Actor {
  type: ActorType;
  id: string | null;
}

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'user':
      return { type: ActorType.USER, id: principal.userId };
    case 'agent':
      return { type: ActorType.AGENT, id: null };
    default:
      return { type: ActorType.SYSTEM, id: null };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The caller established by the CredentialsGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<FastifyRequest>().principal ?? { kind: 'anonymous' },
);

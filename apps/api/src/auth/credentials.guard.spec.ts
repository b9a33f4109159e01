import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Auth } from './auth.decorators';
import { CredentialsGuard } from './credentials.guard';

@Controller('undeclared')
class UndeclaredController {
  @Get()
  list(): void {}
}

@Controller('public')
@Auth('none')
class PublicController {
  @Get()
  list(): void {}
}

function httpContext(controller: new () => object, request: object = {}): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}], controller, controller.prototype.list as () => void);
  context.setType('http');
  return context;
}

describe(CredentialsGuard.name, () => {
  // Neither case reaches a strategy or the tenant scope: the route's declaration alone decides them.
  const guard = new CredentialsGuard(new Reflector(), undefined as never, undefined as never, undefined as never, undefined as never, undefined as never);

  it('fails closed on a route that declares no @Auth()', async () => {
    await expect(guard.canActivate(httpContext(UndeclaredController))).rejects.toThrow('Route UndeclaredController.list declares no @Auth()');
  });

  it('lets an @Auth("none") route through as anonymous', async () => {
    const request: { principal?: unknown } = {};
    await expect(guard.canActivate(httpContext(PublicController, request))).resolves.toBe(true);
    expect(request.principal).toEqual({ kind: 'anonymous' });
  });
});

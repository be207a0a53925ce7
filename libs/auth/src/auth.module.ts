import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BrowserSessions } from './browser-session';

@Global()
@Module({})
export class AuthModule {
  static forRoot(jwt: { secret: string; ttlSeconds: number }): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({ secret: jwt.secret, signOptions: { expiresIn: jwt.ttlSeconds, algorithm: 'HS256' } }),
      ],
      providers: [AuthService, BrowserSessions, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [AuthService, BrowserSessions],
    };
  }
}

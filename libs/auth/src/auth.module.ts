import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AccountCache } from './account-cache';
import { AuthGuard } from './auth.guard';
import { AuthService, JWT_VERIFY_KEY } from './auth.service';
import { BrowserSessions } from './browser-session';

@Global()
@Module({})
export class AuthModule {
  static forRoot(jwt: { secret: string; ttlSeconds: number }): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          secret: jwt.secret,
          signOptions: { expiresIn: jwt.ttlSeconds, algorithm: 'HS256' },
        }),
      ],
      providers: [
        AuthService,
        AccountCache,
        BrowserSessions,
        { provide: APP_GUARD, useClass: AuthGuard },
        // The key object every request's token is verified with, built once (jsonwebtoken builds one per call from a string).
        { provide: JWT_VERIFY_KEY, useValue: createSecretKey(Buffer.from(jwt.secret, 'utf8')) },
      ],
      exports: [AuthService, BrowserSessions, AccountCache],
    };
  }
}

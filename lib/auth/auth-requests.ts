import { z } from 'zod';
import { ROLES } from './roles.ts';

export const signInRequest = z.object({ email: z.string().min(1), password: z.string().min(1) });

export const setupRequest = z.object({ email: z.string().min(3), name: z.string().optional(), password: z.string() });

export const newUserRequest = z.object({
  email: z.string().min(3),
  name: z.string().optional(),
  password: z.string(),
  role: z.enum(ROLES),
});

export const userChangeRequest = z.object({
  role: z.enum(ROLES).optional(),
  name: z.string().optional(),
  disabled: z.boolean().optional(),
  password: z.string().optional(),
});

export const newTokenRequest = z.object({
  name: z.string().max(100).default('token'),
  /** Days until it expires; none: it never does. */
  expiresInDays: z.number().int().positive().max(3650).optional(),
});

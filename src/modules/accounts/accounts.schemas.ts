import { z } from 'zod';
import { LOCALES } from '../../web/i18n/locales.ts';
import { ROLES } from './authorization.models.ts';
import { PASSWORD_MAX_LENGTH, passwordProblem } from './passwords.ts';

/** Sign-in checks nothing but presence: any other answer would tell which addresses exist. */
export const signInSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH * 2),
  returnTo: z.string().optional(),
});

export const codeSchema = z.object({ code: z.string().trim().min(1, 'auth.codeRequired').max(40) });

const newPassword = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A new password typed twice. */
export const newPasswordSchema = z
  .object({ password: newPassword, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'password.mismatch' });

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1), password: newPassword, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'password.mismatch' });

export const currentPasswordSchema = z.object({ currentPassword: z.string().min(1) });

const name = z.string().trim().min(1).max(120);
const email = z.string().trim().toLowerCase().pipe(z.email().max(320));

export const forgotPasswordSchema = z.object({ email: z.string().trim().min(1).max(320) });

export const setupSchema = z
  .object({ name, email, locale: z.enum(LOCALES), password: newPassword, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'password.mismatch' });

export const profileSchema = z.object({ name, locale: z.enum(LOCALES) });

const optionalId = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).max(64).optional());

export const grantSchema = z.object({
  role: z.enum(ROLES, 'staff.roleRequired'),
  zoneId: optionalId,
  dispatchCentreId: optionalId,
});

export const staffSchema = z.object({ name, email, locale: z.enum(LOCALES) }).extend(grantSchema.shape);

export type StaffFormInput = z.output<typeof staffSchema>;

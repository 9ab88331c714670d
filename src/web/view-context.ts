import type { Actor } from '../modules/accounts/authorization.models.ts';
import type { Translator } from './i18n/translator.ts';

/** What every view needs to know about the request it renders for. */
export type ViewContext = Translator & {
  actor: Actor | null;
  csrfToken: string;
  /** The path of the current page (for the language switcher's return and the active menu item). */
  path: string;
};

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

export const EMAIL_KINDS = ['low-stock-digest', 'back-in-stock'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The email templates: `<kind>.subject.hbs`, `<kind>.text.hbs` and `<kind>.html.hbs` (Handlebars)
 * in one folder a merchant may edit. All are compiled at start-up, so a missing or broken one
 * stops the service naming the file instead of failing the first send.
 */
export class EmailTemplates {
  private readonly compiled = new Map<string, HandlebarsTemplateDelegate>();

  constructor(readonly dir: string) {
    for (const kind of EMAIL_KINDS) {
      for (const part of ['subject', 'text', 'html'] as const) {
        const file = path.join(dir, `${kind}.${part}.hbs`);
        let source: string;
        try {
          source = readFileSync(file, 'utf8');
        } catch (error) {
          throw new Error(`Email template ${file} cannot be read: ${(error as Error).message}`);
        }
        try {
          // Text parts are not HTML: no escaping of quotes and ampersands there.
          const template = Handlebars.compile(source, { noEscape: part !== 'html', strict: false });
          template({}); // syntax errors surface on first use
          this.compiled.set(`${kind}.${part}`, template);
        } catch (error) {
          throw new Error(`Email template ${file} is not valid Handlebars: ${(error as Error).message}`);
        }
      }
    }
  }

  render(kind: EmailKind, values: object): RenderedEmail {
    const part = (name: string) =>
      (this.compiled.get(`${kind}.${name}`) as HandlebarsTemplateDelegate)(values);
    return { subject: part('subject').trim().replace(/\s+/g, ' '), text: part('text'), html: part('html') };
  }
}

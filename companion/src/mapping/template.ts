import { describeOktaAttributeRule, parseOktaAttribute } from './okta-attribute.js';
import type { Result } from './types.js';

export type TemplatePart = { text: string } | { placeholder: string };

/**
 * Parses `{profile.firstName} {profile.lastName}`. Placeholders name Okta attributes; braces
 * are not allowed anywhere else, so a stray `{` or `}` is reported rather than printed.
 */
export function parseTemplate(template: string | null): Result<TemplatePart[]> {
  if (!template || template.trim() === '') {
    return {
      ok: false,
      error: 'TEMPLATE needs a template such as "{profile.firstName} {profile.lastName}"',
    };
  }
  const parts: TemplatePart[] = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (open < 0) {
      if (close >= 0) return { ok: false, error: `template has a "}" without a matching "{"` };
      parts.push({ text: rest });
      break;
    }
    if (close >= 0 && close < open) {
      return { ok: false, error: `template has a "}" without a matching "{"` };
    }
    if (open > 0) parts.push({ text: rest.slice(0, open) });
    if (close < 0) return { ok: false, error: 'template has a "{" that is never closed' };
    const name = rest.slice(open + 1, close).trim();
    if (name.includes('{')) return { ok: false, error: 'template placeholders cannot be nested' };
    if (!parseOktaAttribute(name)) {
      return {
        ok: false,
        error: `template placeholder "{${name}}" is not an Okta attribute (${describeOktaAttributeRule()})`,
      };
    }
    parts.push({ placeholder: name });
    rest = rest.slice(close + 1);
  }
  if (!parts.some((p) => 'placeholder' in p)) {
    return { ok: false, error: 'template has no {placeholder}' };
  }
  return { ok: true, value: parts };
}

/** Missing or non-scalar values become empty; the result is trimmed with inner whitespace collapsed. */
export function renderTemplate(
  parts: readonly TemplatePart[],
  lookup: (path: string) => unknown,
): string {
  const text = parts
    .map((p) => {
      if ('text' in p) return p.text;
      const value = lookup(p.placeholder);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
    })
    .join('');
  return text.replace(/\s+/g, ' ').trim();
}

// Development only: lets Node run this repository's TypeScript sources. tsx compiles them, and the resolve hook adds
// the "@appconnector/source" export condition so @appconnector/* packages resolve to src/ instead of dist/.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

const hook = `export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@appconnector/source'] });
}`;
registerTsx();
// Registered after tsx, so it runs first and tsx resolves with the added condition.
register(`data:text/javascript,${encodeURIComponent(hook)}`);

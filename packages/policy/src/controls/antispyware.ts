import type { Finding } from '@safefleet/protocol';
import type { ControlInput } from '../types.js';
import { joinSome, q } from '../util/text.js';
import { finding, groupProblem } from './finding.js';

/**
 * antispyware: some switched-on security product also covers spyware. Definition freshness is
 * the antivirus control's job; this one reads the product's antispyware flag.
 */
export function checkAntispyware(input: ControlInput): Finding {
  const group = input.facts.antivirus;
  const problem = groupProblem(group, 'the anti-spyware protection on this device');
  if (problem) return finding('antispyware', input, 'unknown', problem);

  const products = group.products;
  const details = {
    products: products.map((p) => ({ name: p.name, enabled: p.enabled, antispyware: p.antispyware })),
  };
  if (products.length === 0) {
    return finding('antispyware', input, 'fail', 'No anti-spyware or antivirus program is installed on this device.', {
      details,
    });
  }

  const names = joinSome(products.map((p) => q(p.name)));
  const enabled = products.filter((p) => p.enabled === true);
  if (enabled.length === 0) {
    return products.some((p) => p.enabled === null)
      ? finding(
          'antispyware',
          input,
          'unknown',
          `A security program is installed (${names}) but Safefleet could not tell whether it is switched on.`,
          { details },
        )
      : finding('antispyware', input, 'fail', `A security program is installed (${names}) but switched off.`, {
          details,
        });
  }

  const covering = enabled.find((p) => p.antispyware === true);
  if (covering) {
    return finding('antispyware', input, 'pass', `${covering.name} is switched on and protects against spyware.`, {
      details,
    });
  }

  const enabledNames = joinSome(enabled.map((p) => p.name));
  if (enabled.some((p) => p.antispyware === null)) {
    return finding(
      'antispyware',
      input,
      'unknown',
      `${enabledNames} ${enabled.length === 1 ? 'is' : 'are'} switched on, but Safefleet could not tell whether ${
        enabled.length === 1 ? 'it protects' : 'they protect'
      } against spyware.`,
      { details },
    );
  }
  return finding(
    'antispyware',
    input,
    'fail',
    `${enabledNames} ${enabled.length === 1 ? 'is' : 'are'} switched on but ${
      enabled.length === 1 ? 'does' : 'do'
    } not protect against spyware, and no other program on this device does.`,
    { details },
  );
}

import type { AntivirusProduct, Finding } from '@safefleet/protocol';
import type { ControlInput } from '../types.js';
import { ageInDays, daysAgo, implausibleDate, isoDate, parseDate } from '../util/dates.js';
import { joinSome, q, sentences } from '../util/text.js';
import { finding, groupProblem } from './finding.js';

/** How fresh one switched-on product's definitions are. */
interface Freshness {
  product: AntivirusProduct;
  /** true = fresh, false = too old, null = cannot tell. */
  fresh: boolean | null;
  ageDays: number | null;
}

function freshness(product: AntivirusProduct, maxAgeDays: number, now: Date): Freshness {
  const updated = parseDate(product.signaturesUpdatedAt);
  // A definitions date that cannot be right is no evidence either way (not even the product's own flag).
  if (updated && implausibleDate(updated, now)) return { product, fresh: null, ageDays: null };
  if (updated) {
    const ageDays = ageInDays(updated, now);
    return { product, fresh: ageDays <= maxAgeDays, ageDays };
  }
  return { product, fresh: product.signaturesUpToDate, ageDays: null };
}

function describeAge(f: Freshness, now: Date): string {
  const updated = parseDate(f.product.signaturesUpdatedAt);
  const wrong = updated ? implausibleDate(updated, now) : null;
  if (wrong) return `Safefleet cannot tell how old its virus definitions are: ${wrong}`;
  // A date, not "N days ago", so a passing reason stays the same until the definitions update.
  if (updated) return `its virus definitions were last updated on ${isoDate(updated)}`;
  if (f.fresh === true) return 'it reports its virus definitions are up to date';
  if (f.fresh === false) return 'it reports its virus definitions are out of date';
  return 'Safefleet could not tell when its virus definitions were last updated';
}

function realTimeNote(p: AntivirusProduct): string | null {
  if (p.realTime !== false) return null;
  return `Real-time scanning is off for ${p.name}: it scans on demand or on a schedule, which the policy allows.`;
}

/**
 * antivirus: some product is switched on and its definitions are fresh (updated within
 * antivirus.maxDefinitionAgeDays, or — where there is no date — the product says they are current).
 */
export function checkAntivirus(input: ControlInput): Finding {
  const { facts, policy, now } = input;
  const group = facts.antivirus;
  const maxAge = policy.antivirus.maxDefinitionAgeDays;
  const problem = groupProblem(group, 'the antivirus on this device');
  if (problem) return finding('antivirus', input, 'unknown', problem);

  const products = group.products;
  const details = (items: Freshness[]) => ({
    maxDefinitionAgeDays: maxAge,
    products: products.map((p) => {
      const f = items.find((i) => i.product === p);
      return {
        name: p.name,
        enabled: p.enabled,
        realTime: p.realTime,
        definitionsAgeDays: f?.ageDays ?? null,
        definitionsFresh: f ? f.fresh : null,
      };
    }),
  });

  if (products.length === 0) {
    return finding('antivirus', input, 'fail', 'No antivirus is installed on this device.', { details: details([]) });
  }

  const names = joinSome(products.map((p) => q(p.name)));
  const enabled = products.filter((p) => p.enabled === true);
  if (enabled.length === 0) {
    const unsure = products.filter((p) => p.enabled === null);
    if (unsure.length > 0) {
      return finding('antivirus', input, 'unknown', `Antivirus is installed (${names}) but Safefleet could not tell whether it is switched on.`, {
        details: details([]),
      });
    }
    return finding('antivirus', input, 'fail', `Antivirus is installed (${names}) but switched off.`, {
      details: details([]),
    });
  }

  const checked = enabled.map((p) => freshness(p, maxAge, now));
  const fresh = checked.find((f) => f.fresh === true);
  if (fresh) {
    return finding(
      'antivirus',
      input,
      'pass',
      sentences(`${fresh.product.name} is switched on and ${describeAge(fresh, now)}.`, realTimeNote(fresh.product)),
      { details: details(checked) },
    );
  }

  const limit = `(the limit is ${maxAge} days)`;
  const unknownAge = checked.filter((f) => f.fresh === null);
  if (unknownAge.length > 0) {
    const f = unknownAge[0]!;
    return finding(
      'antivirus',
      input,
      'unknown',
      sentences(`${f.product.name} is switched on, but ${describeAge(f, now)}.`, realTimeNote(f.product)),
      {
        details: details(checked),
      },
    );
  }

  const stale = checked.map((f) =>
    f.ageDays !== null
      ? `${f.product.name} is switched on but its virus definitions were last updated ${daysAgo(f.ageDays)} ${limit}.`
      : `${f.product.name} is switched on but reports its virus definitions are out of date.`,
  );
  const notes = checked.map((f) => realTimeNote(f.product));
  return finding('antivirus', input, 'fail', sentences(...stale, ...notes), { details: details(checked) });
}

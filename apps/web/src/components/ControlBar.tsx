import type { ControlId, FleetSummary } from '@safefleet/protocol';
import { CONTROLS } from '@safefleet/protocol';
import { Link } from '../router';

type Counts = FleetSummary['byControl'][ControlId];
const PARTS = [
  ['pass', 'pass'],
  ['grace', 'in grace'],
  ['fail', 'fail'],
  ['unknown', 'unknown'],
] as const;

/**
 * One control across the fleet: a stacked bar (decoration) and the counts in words (the content).
 * `linkFailing` links the fail count to the device list filtered by this control.
 */
export function ControlBar({ control, counts, linkFailing = true }: { control: ControlId; counts: Counts; linkFailing?: boolean }) {
  const total = counts.pass + counts.grace + counts.fail + counts.unknown;
  return (
    <div className="control-bar">
      <div className="control-bar__head">
        <span className="control-bar__title">{CONTROLS[control].title}</span>
        <span className="control-bar__counts">
          {PARTS.map(([k, words], i) => (
            <span key={k} className={`count count--${k}`}>
              {i > 0 && <span aria-hidden="true"> · </span>}
              {k === 'fail' && linkFailing && counts.fail > 0 ? (
                <Link to={`/devices?control=${control}`}>
                  {counts.fail} {words}
                </Link>
              ) : (
                <>
                  {counts[k]} {words}
                </>
              )}
            </span>
          ))}
        </span>
      </div>
      <div className="control-bar__track" aria-hidden="true">
        {total > 0 &&
          PARTS.map(([k]) =>
            counts[k] > 0 ? <span key={k} className={`seg seg--${k}`} style={{ width: `${(counts[k] / total) * 100}%` }} /> : null,
          )}
      </div>
    </div>
  );
}

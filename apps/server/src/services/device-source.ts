import { DeviceKind, MdmProvider, type DeviceSource } from '@safefleet/protocol';
import type { DeviceRow } from '../db/repositories/devices.repository.js';

/** A device row's source (agent when the columns say nothing else). */
export function deviceSource(d: Pick<DeviceRow, 'sourceType' | 'sourceProvider' | 'keeperConfirmedAt'>): DeviceSource {
  if (d.sourceType === 'keeper') return { type: 'keeper', confirmedAt: d.keeperConfirmedAt };
  if (d.sourceType === 'mdm') {
    const provider = MdmProvider.safeParse(d.sourceProvider);
    return { type: 'mdm', provider: provider.success ? provider.data : 'csv' };
  }
  return { type: 'agent' };
}

export function deviceKind(d: Pick<DeviceRow, 'kind'>): DeviceKind {
  const k = DeviceKind.safeParse(d.kind);
  return k.success ? k.data : 'laptop';
}

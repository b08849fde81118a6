import { ConnectorsSection } from '../components/ConnectorsSection';
import { CsvImportSection } from '../components/CsvImportSection';
import { KeeperTabletsSection } from '../components/KeeperTabletsSection';
import { usePageTitle } from '../components/Layout';
import { can } from '../lib/permissions';
import { useSession } from '../session';

/** Tablets and phones: keeper check-in links, the MDM connectors, and CSV import (IT lead). */
export function TabletsPage() {
  usePageTitle('Tablets and phones');
  const { user } = useSession();
  if (!can(user, 'manage-tablets')) {
    return (
      <>
        <h1>Tablets and phones</h1>
        <p>Only the IT lead adds tablets and sets up connectors. Tablets and phones already added are under Devices.</p>
      </>
    );
  }
  return (
    <>
      <h1>Tablets and phones</h1>
      <p className="lede">
        No agent runs on an iPad, so tablets and phones come from a device management service, a CSV file, or their keeper’s check-in. Each device
        says how sure the console can be.
      </p>
      <KeeperTabletsSection />
      <ConnectorsSection />
      <CsvImportSection />
    </>
  );
}

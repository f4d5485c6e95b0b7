import { useState } from 'preact/hooks';
import { apiPath, callApi } from '../../api.ts';
import { type Loaded, useLoaded } from '../../loaded.ts';
import { Failure, Loading, type Notice, NoticeLine } from '../../messages.tsx';
import { type Me, productLabels, type Site, type SiteLink } from '../../types.ts';
import { AdminPage } from '../admin-page.tsx';
import { SiteApps } from '../apps/site-apps.tsx';
import { SiteLegacyUsage } from './site-legacy-usage.tsx';
import { SiteMigrationSettings } from './site-migration.tsx';
import { type Report, SitePeople } from './site-people.tsx';

/** The site's base URL, products, anonymous access and groups. */
function SiteFacts({ site }: { site: Site }) {
  return (
    <section class="card" aria-labelledby="site-heading">
      <h2 id="site-heading">About the site</h2>
      <dl class="facts">
        <dt>Base URL</dt>
        <dd>{site.baseUrl}</dd>
        <dt>Products</dt>
        <dd>{site.products.map((p) => productLabels[p] ?? p).join(', ')}</dd>
        <dt>Anonymous access</dt>
        <dd>{site.anonymousAccess ? 'Allowed' : 'Not allowed'}</dd>
        <dt>Groups</dt>
        <dd>{site.groups.map((g) => g.name).join(', ') || 'None'}</dd>
      </dl>
    </section>
  );
}

/** Shows what a change did, and takes the link as Veil now holds it (or reads every link again). */
function reportFor(links: Loaded<SiteLink[]>, setNotice: (notice: Notice) => void): Report {
  return (next, change) => {
    setNotice(next);
    if (change === 'reload') links.reload();
    else if (change && links.value) {
      const id = change.account.accountId;
      links.replace(links.value.map((l) => (l.account.accountId === id ? change : l)));
    }
  };
}

/** One site: its products and groups, and its people with their product access, groups and status. */
export function SiteAdmin({ siteId, me }: { siteId: string; me: Me }) {
  const site = useLoaded(() => callApi<Site>('GET', apiPath`/veil/v1/sites/${siteId}`), [siteId]);
  const links = useLoaded(
    () => callApi<SiteLink[]>('GET', apiPath`/veil/v1/sites/${siteId}/accounts`),
    [siteId],
  );
  const [notice, setNotice] = useState<Notice>(null);
  const report = reportFor(links, setNotice);
  const loaded = site.value;
  return (
    <AdminPage title={`Site: ${siteId}`}>
      {site.problem ? <Failure>{site.problem}</Failure> : null}
      {loaded ? <SiteFacts site={loaded} /> : <Loading what="the site" />}
      <NoticeLine notice={notice} id="site-notice" />
      <SitePeople siteId={siteId} site={loaded} links={links} me={me} report={report} />
      <SiteApps siteId={siteId} report={(next) => setNotice(next)} />
      {loaded ? (
        <SiteMigrationSettings
          key={`${loaded.migration?.stage}-${loaded.migration?.deprecationEnds}`}
          site={loaded}
          report={(next, reload) => {
            setNotice(next);
            if (reload) site.reload();
          }}
        />
      ) : null}
      <SiteLegacyUsage siteId={siteId} />
    </AdminPage>
  );
}

import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { useLoaded } from '../../loaded.ts';
import { Failure, Loading, type Notice, NoticeLine } from '../../messages.tsx';
import { Page } from '../../page.tsx';
import { Link } from '../../router.tsx';
import { type Me, productLabels, type Site, type SiteLink } from '../../types.ts';
import { AccountStatusButton } from '../accounts/account-status.tsx';
import { SiteApps } from '../apps/site-apps.tsx';
import { SiteLegacyUsage } from './site-legacy-usage.tsx';
import { SiteMigrationSettings } from './site-migration.tsx';

/** Says what happened; with the link as Veil now holds it, or `reload` to read them all again. */
type Report = (notice: Notice, change?: SiteLink | 'reload') => void;

function ProductAccess({ site, link, report }: { site: Site; link: SiteLink; report: Report }) {
  const { account } = link;
  const toggle = async (product: string, granted: boolean) => {
    const products = granted ? [...link.products, product] : link.products.filter((p) => p !== product);
    try {
      const updated = await callApi<SiteLink>(
        'PUT',
        apiPath`/veil/v1/sites/${site.id}/accounts/${account.accountId}`,
        { products },
      );
      report(
        {
          kind: 'success',
          text: `Saved. ${account.displayName} ${granted ? 'now has' : 'no longer has'} ${productLabels[product] ?? product}.`,
        },
        updated,
      );
    } catch (error) {
      report({ kind: 'error', text: `Not saved: ${describeFailure(error)}. Nothing was changed.` }, 'reload');
    }
  };
  return (
    <fieldset class="products">
      <legend class="visually-hidden">Product access of {account.displayName}</legend>
      {site.products.map((product) => {
        const id = `product-${account.accountId}-${product}`;
        return (
          <span class="check" key={product}>
            <input
              type="checkbox"
              id={id}
              checked={link.products.includes(product)}
              onChange={(e) => void toggle(product, e.currentTarget.checked)}
            />
            <label for={id}>{productLabels[product] ?? product}</label>
          </span>
        );
      })}
    </fieldset>
  );
}

function Groups({ site, link, report }: { site: Site; link: SiteLink; report: Report }) {
  const { account } = link;
  const others = site.groups.filter((g) => !link.groups.some((m) => m.groupId === g.groupId));
  const [picked, setAdding] = useState(others[0]?.groupId ?? '');
  // After a change the choices move; fall back to the first group still to join.
  const adding = others.some((g) => g.groupId === picked) ? picked : (others[0]?.groupId ?? '');
  const change = async (method: 'PUT' | 'DELETE', groupId: string, name: string) => {
    try {
      const updated = await callApi<SiteLink | undefined>(
        method,
        apiPath`/veil/v1/sites/${site.id}/groups/${groupId}/members/${account.accountId}`,
      );
      report(
        {
          kind: 'success',
          text: `Saved. ${account.displayName} ${method === 'PUT' ? 'joined' : 'left'} ${name}.`,
        },
        updated ?? { ...link, groups: link.groups.filter((g) => g.groupId !== groupId) },
      );
    } catch (error) {
      report({ kind: 'error', text: `Not saved: ${describeFailure(error)}. Nothing was changed.` }, 'reload');
    }
  };
  const selectId = `add-group-${account.accountId}`;
  return (
    <div class="groups">
      <ul class="chips" aria-label={`Groups of ${account.displayName}`}>
        {link.groups.map((g) => (
          <li key={g.groupId}>
            {g.name}{' '}
            <button
              type="button"
              class="chip-remove"
              onClick={() => void change('DELETE', g.groupId, g.name)}
            >
              <span aria-hidden="true">×</span>
              <span class="visually-hidden">
                Remove {account.displayName} from {g.name}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <span class="inline-form">
          <label for={selectId} class="visually-hidden">
            Group to add {account.displayName} to
          </label>
          <select id={selectId} value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            {others.map((g) => (
              <option key={g.groupId} value={g.groupId}>
                {g.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="secondary small"
            onClick={() =>
              void change('PUT', adding, others.find((g) => g.groupId === adding)?.name ?? 'the group')
            }
          >
            Add<span class="visually-hidden"> {account.displayName} to the group</span>
          </button>
        </span>
      ) : null}
    </div>
  );
}

/** One site: its products and groups, and its people with their product access, groups and status. */
export function SiteAdmin({ siteId, me }: { siteId: string; me: Me }) {
  const site = useLoaded(() => callApi<Site>('GET', apiPath`/veil/v1/sites/${siteId}`), [siteId]);
  const links = useLoaded(
    () => callApi<SiteLink[]>('GET', apiPath`/veil/v1/sites/${siteId}/accounts`),
    [siteId],
  );
  const [notice, setNotice] = useState<Notice>(null);
  const report: Report = (next, change) => {
    setNotice(next);
    if (change === 'reload') links.reload();
    else if (change && links.value) {
      const id = change.account.accountId;
      links.replace(links.value.map((l) => (l.account.accountId === id ? change : l)));
    }
  };
  const loaded = site.value;
  return (
    <Page title={`Site: ${siteId}`}>
      <p>
        <Link href="/admin">Back to the admin console</Link>
      </p>
      {site.problem ? <Failure>{site.problem}</Failure> : null}
      {loaded ? (
        <section class="card" aria-labelledby="site-heading">
          <h2 id="site-heading">About the site</h2>
          <dl class="facts">
            <dt>Base URL</dt>
            <dd>{loaded.baseUrl}</dd>
            <dt>Products</dt>
            <dd>{loaded.products.map((p) => productLabels[p] ?? p).join(', ')}</dd>
            <dt>Anonymous access</dt>
            <dd>{loaded.anonymousAccess ? 'Allowed' : 'Not allowed'}</dd>
            <dt>Groups</dt>
            <dd>{loaded.groups.map((g) => g.name).join(', ') || 'None'}</dd>
          </dl>
        </section>
      ) : (
        <Loading what="the site" />
      )}
      <NoticeLine notice={notice} id="site-notice" />
      <section class="card" aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        {links.problem ? <Failure>{links.problem}</Failure> : null}
        {links.value === null || !loaded ? (
          <Loading what="people" />
        ) : (
          <table class="people">
            <caption class="visually-hidden">People of the site {siteId}</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Product access</th>
                <th scope="col">Groups</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {links.value.map((link) => (
                <tr key={link.account.accountId}>
                  <td data-label="Person">
                    <span class="display-name">{link.account.displayName}</span>
                    {link.account.email ? <span class="muted"> {link.account.email}</span> : null}
                  </td>
                  <td data-label="Product access">
                    <ProductAccess site={loaded} link={link} report={report} />
                  </td>
                  <td data-label="Groups">
                    <Groups site={loaded} link={link} report={report} />
                  </td>
                  <td data-label="Status">
                    {link.account.active ? 'Active' : 'Deactivated'}{' '}
                    {me.roles.platformAdmin &&
                    link.account.accountId !== me.accountId &&
                    link.account.accountType !== 'app' ? (
                      <AccountStatusButton
                        account={link.account}
                        onDone={({ ok, text }) => report({ kind: ok ? 'success' : 'error', text }, 'reload')}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
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
    </Page>
  );
}

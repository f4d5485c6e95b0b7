import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import { ColumnHeads } from '../../column-heads.tsx';
import type { Loaded } from '../../loaded.ts';
import { Failure, Loading, type Notice } from '../../messages.tsx';
import { type Me, productLabels, type Site, type SiteLink } from '../../types.ts';
import { AccountStatusButton } from '../accounts/account-status.tsx';

/** Says what happened; with the link as Veil now holds it, or `reload` to read them all again. */
export type Report = (notice: Notice, change?: SiteLink | 'reload') => void;

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

/** One person of the site: who, their product access, their groups, their status. */
function PersonRow({ site, link, me, report }: { site: Site; link: SiteLink; me: Me; report: Report }) {
  return (
    <tr>
      <td data-label="Person">
        <span class="display-name">{link.account.displayName}</span>
        {link.account.email ? <span class="muted"> {link.account.email}</span> : null}
      </td>
      <td data-label="Product access">
        <ProductAccess site={site} link={link} report={report} />
      </td>
      <td data-label="Groups">
        <Groups site={site} link={link} report={report} />
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
  );
}

/** The site's people, with their product access, groups and status (once the site and its people are loaded). */
export function SitePeople({
  siteId,
  site,
  links,
  me,
  report,
}: {
  siteId: string;
  site: Site | null;
  links: Pick<Loaded<SiteLink[]>, 'value' | 'problem'>;
  me: Me;
  report: Report;
}) {
  return (
    <section class="card" aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      {links.problem ? <Failure>{links.problem}</Failure> : null}
      {links.value === null || !site ? (
        <Loading what="people" />
      ) : (
        <table class="people">
          <caption class="visually-hidden">People of the site {siteId}</caption>
          <ColumnHeads names={['Person', 'Product access', 'Groups', 'Status']} />
          <tbody>
            {links.value.map((link) => (
              <PersonRow key={link.account.accountId} site={site} link={link} me={me} report={report} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

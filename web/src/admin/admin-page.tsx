/** The admin page shell: what every page of the admin console repeats, written once. */
import type { ComponentChildren } from 'preact';
import type { Loaded } from '../loaded.ts';
import { type Notice, NoticeLine, WhenLoaded } from '../messages.tsx';
import { Page } from '../page.tsx';
import { Link } from '../router.tsx';

/** Where an admin page's back link leads. */
export interface BackLink {
  readonly href: string;
  readonly label: string;
}

const toConsole: BackLink = { href: '/admin', label: 'Back to the admin console' };

export interface AdminPageProps {
  title: string;
  intro?: ComponentChildren;
  /** The way back: the console's home unless said otherwise; null on the home itself. */
  back?: BackLink | null;
  /** The line that says what the page's last action did, under the back link. */
  notice?: { readonly notice: Notice; readonly id: string };
  children: ComponentChildren;
}

/** One admin page: its title and intro, the way back, then what the action last did, then its content. */
export function AdminPage({ title, intro, back = toConsole, notice, children }: AdminPageProps) {
  return (
    <Page title={title} intro={intro}>
      {back ? (
        <p>
          <Link href={back.href}>{back.label}</Link>
        </p>
      ) : null}
      {notice ? <NoticeLine notice={notice.notice} id={notice.id} /> : null}
      {children}
    </Page>
  );
}

/** An admin page showing one thing it loads: why loading failed, that it is loading, then the value. */
export function LoadedAdminPage<T>({
  loaded,
  what,
  children,
  ...shell
}: Omit<AdminPageProps, 'children'> & {
  loaded: Pick<Loaded<T>, 'value' | 'problem'>;
  what: string;
  children: (value: T) => ComponentChildren;
}) {
  return (
    <AdminPage {...shell}>
      <WhenLoaded loaded={loaded} what={what}>
        {children}
      </WhenLoaded>
    </AdminPage>
  );
}

/** Status and error messages: announced to screen readers, kept on screen until the next action. */
import type { ComponentChildren } from 'preact';
import type { Loaded } from './loaded.ts';

export type Notice = { kind: 'success' | 'error'; text: string } | null;

/** A polite live region for success, an alert for failure; the region itself is always in the page. */
export function NoticeLine({ notice, id }: { notice: Notice; id?: string }) {
  return (
    <div id={id} class="notice-slot">
      <p role="status" class={notice?.kind === 'success' ? 'notice success' : 'visually-hidden'}>
        {notice?.kind === 'success' ? notice.text : ''}
      </p>
      <p role="alert" class={notice?.kind === 'error' ? 'notice error' : 'visually-hidden'}>
        {notice?.kind === 'error' ? notice.text : ''}
      </p>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Failure({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice error" role="alert">
      {children}
    </p>
  );
}

/**
 * What a `useLoaded` value shows: why loading failed (an alert, also above a value loaded earlier), that
 * it is loading until the first answer, then `children` with the value.
 */
export function WhenLoaded<T>({
  loaded,
  what,
  children,
}: {
  loaded: Pick<Loaded<T>, 'value' | 'problem'>;
  what: string;
  children: (value: T) => ComponentChildren;
}) {
  return (
    <>
      {loaded.problem ? <Failure>{loaded.problem}</Failure> : null}
      {loaded.value !== null ? children(loaded.value) : loaded.problem ? null : <Loading what={what} />}
    </>
  );
}

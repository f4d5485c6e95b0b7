/** Status and error messages: announced to screen readers, kept on screen until the next action. */
import type { ComponentChildren } from 'preact';

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

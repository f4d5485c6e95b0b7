import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * One page: its title in the tab and in the one `h1`, which takes the focus when the page opens, so that
 * keyboard and screen-reader users start at the top of what changed.
 */
export function Page({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ComponentChildren;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Before the browser paints, so that nothing (a person's first key, a test's) meets the page unfocused.
  useLayoutEffect(() => {
    document.title = `${title} · Veil`;
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {intro ? <p class="intro">{intro}</p> : null}
      {children}
    </>
  );
}

'use client';

import Link from 'next/link';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

// An action menu (WAI-ARIA menu pattern) used both as a dropdown from a "⋯" button and as
// a right-click context menu. It renders in a portal with fixed positioning so that a
// scrolling table container cannot clip it.

export type MenuItem = {
  key: string;
  label: string;
  /** Navigates (a link); otherwise onSelect runs. */
  href?: string;
  onSelect?: () => void;
  disabled?: boolean;
  tone?: 'default' | 'danger';
  /** Draws a separator above the item. */
  separated?: boolean;
};

/** Where the menu opens, in viewport coordinates: a point (right-click) or a trigger's box. */
export type MenuAnchor = { top: number; bottom: number; left: number; right: number; align: 'start' | 'end' };

export function anchorFromPoint(x: number, y: number): MenuAnchor {
  return { top: y, bottom: y, left: x, right: x, align: 'start' };
}

export function anchorFromElement(element: Element): MenuAnchor {
  const box = element.getBoundingClientRect();
  return { top: box.top, bottom: box.bottom + 4, left: box.left, right: box.right, align: 'end' };
}

type CloseReason = 'escape' | 'select' | 'tab' | 'outside';

const EDGE = 8;

export function Menu({
  id,
  label,
  items,
  anchor,
  onClose,
  returnFocusTo,
  focusLast = false,
  testId,
}: {
  id: string;
  label: string;
  items: MenuItem[];
  /** null: closed. */
  anchor: MenuAnchor | null;
  onClose: () => void;
  /** Receives focus when the menu closes from the keyboard or a choice (not from a click elsewhere). */
  returnFocusTo?: HTMLElement | null;
  /** Opened with ArrowUp: start on the last item. */
  focusLast?: boolean;
  testId?: string;
}) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const close = useCallback(
    (reason: CloseReason) => {
      onClose();
      if (reason !== 'outside') returnFocusTo?.focus();
    },
    [onClose, returnFocusTo],
  );

  // Measure, then place: below the anchor if it fits, else above; never off screen.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!anchor || !menu) {
      setPosition(null);
      return;
    }
    const { width, height } = menu.getBoundingClientRect();
    const viewportWidth = window.innerWidth;
    const viewportHeight = window.innerHeight;
    let left = anchor.align === 'end' ? anchor.right - width : anchor.left;
    left = Math.max(EDGE, Math.min(left, viewportWidth - width - EDGE));
    let top = anchor.bottom;
    if (top + height > viewportHeight - EDGE) top = Math.max(EDGE, anchor.top - height - 4);
    setPosition({ top, left });
  }, [anchor, items.length]);

  const enabledItems = () =>
    Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);

  useEffect(() => {
    if (!anchor || !position) return;
    const candidates = enabledItems();
    const target = focusLast ? candidates.at(-1) : candidates[0];
    // Keep focus where it is if it is already inside (re-positioning must not move it).
    if (!menuRef.current?.contains(document.activeElement)) target?.focus();
  }, [anchor, position, focusLast]);

  useEffect(() => {
    if (!anchor) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      // A press on the trigger is left to the trigger, which toggles the menu.
      if (menuRef.current?.contains(target) || returnFocusTo?.contains(target)) return;
      close('outside');
    };
    // A fixed menu would drift away from its row on scroll; closing is what native menus do.
    const onScroll = (event: Event) => {
      if (!menuRef.current?.contains(event.target as Node)) close('outside');
    };
    const onResize = () => close('outside');
    document.addEventListener('pointerdown', onPointerDown, true);
    // From the next frame on: the click that opened the menu may have scrolled its trigger
    // into view, and that scroll's event arrives only after the menu is open.
    const frame = requestAnimationFrame(() => {
      window.addEventListener('scroll', onScroll, true);
      window.addEventListener('resize', onResize);
    });
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [anchor, close, returnFocusTo]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const candidates = enabledItems();
    const index = candidates.indexOf(document.activeElement as HTMLElement);
    const move = (next: number) => {
      event.preventDefault();
      candidates[(next + candidates.length) % candidates.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index < 0 ? candidates.length - 1 : index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(candidates.length - 1);
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        return close('escape');
      case 'Tab':
        event.preventDefault();
        return close('tab');
      case 'Enter':
      case ' ':
        event.preventDefault();
        (document.activeElement as HTMLElement | null)?.click();
        return;
      default:
        // Type-ahead: the next item whose label starts with the typed letter.
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const letter = event.key.toLowerCase();
          const order = [...candidates.slice(index + 1), ...candidates.slice(0, index + 1)];
          const match = order.find((element) => element.textContent?.trim().toLowerCase().startsWith(letter));
          if (match) {
            event.preventDefault();
            match.focus();
          }
        }
    }
  };

  if (!mounted || !anchor) return null;

  const itemClass = (item: MenuItem) =>
    `flex w-full items-center rounded-md px-3 py-2 text-left text-sm outline-none ${
      item.disabled
        ? 'cursor-not-allowed text-slate-400'
        : item.tone === 'danger'
          ? 'text-red-700 hover:bg-red-50 focus:bg-red-50'
          : 'text-slate-800 hover:bg-slate-100 focus:bg-slate-100'
    }`;

  return createPortal(
    <div
      ref={menuRef}
      id={id}
      role="menu"
      aria-label={label}
      aria-orientation="vertical"
      data-testid={testId}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
      style={{ position: 'fixed', top: position?.top ?? 0, left: position?.left ?? 0, visibility: position ? 'visible' : 'hidden' }}
      className="z-50 min-w-52 rounded-lg border border-slate-200 bg-white p-1 shadow-lg ring-1 ring-slate-900/5"
    >
      {items.map((item) => (
        <div key={item.key} role="none" className={item.separated ? 'mt-1 border-t border-slate-100 pt-1' : undefined}>
          {item.href && !item.disabled ? (
            <Link role="menuitem" tabIndex={-1} href={item.href} className={itemClass(item)} onClick={() => close('select')}>
              {item.label}
            </Link>
          ) : (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              className={itemClass(item)}
              onClick={() => {
                if (item.disabled) return;
                close('select');
                item.onSelect?.();
              }}
            >
              {item.label}
            </button>
          )}
        </div>
      ))}
    </div>,
    document.body,
  );
}

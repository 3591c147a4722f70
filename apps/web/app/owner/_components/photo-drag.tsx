'use client';

import { useEffect } from 'react';

/**
 * Drag to reorder a product's photos (pointer events: finger, mouse or pen). The list is the
 * server's (app/owner/products/[product]/page.tsx, `ul[data-photos]` with `li[data-photo=<id>]`
 * and a `[data-photo-drag]` handle in each); its ↑ Up / ↓ Down buttons stay, for keyboards and
 * for phones without JavaScript. The handles show only once this has run (`data-drag-ready`).
 *
 * The dragged photo follows the finger (a transform: no DOM moves under React's feet) and the
 * photo it would land on is outlined; on release the same form as the buttons is posted
 * (action=to, position), so the page comes back with the new order and a flash, as after Up.
 */
export function PhotoDragReorder({ action }: { action: string }) {
  useEffect(() => {
    const list = document.querySelector<HTMLElement>('ul[data-photos]');
    if (!list) return;
    list.dataset.dragReady = '';
    const items = () => Array.from(list.querySelectorAll<HTMLElement>(':scope > li[data-photo]'));
    let drag: { item: HTMLElement; from: number; to: number; startY: number; mids: number[]; pointer: number } | null =
      null;

    const mark = (to: number) => {
      items().forEach((li, i) => {
        if (drag && i === to && to !== drag.from) li.dataset.dropTarget = '';
        else delete li.dataset.dropTarget;
      });
    };
    const end = () => {
      if (!drag) return;
      drag.item.style.transform = '';
      delete drag.item.dataset.dragging;
      mark(-1);
      drag = null;
    };
    const down = (e: PointerEvent) => {
      const handle = (e.target as Element).closest<HTMLElement>('[data-photo-drag]');
      const item = handle?.closest<HTMLElement>('li[data-photo]');
      if (!handle || !item || drag || e.button > 0) return;
      e.preventDefault();
      const all = items();
      // Where each photo's middle is now: the drop place is how many of them the dragged middle passed.
      const mids = all.map((li) => {
        const r = li.getBoundingClientRect();
        return r.top + r.height / 2;
      });
      drag = { item, from: all.indexOf(item), to: all.indexOf(item), startY: e.clientY, mids, pointer: e.pointerId };
      item.dataset.dragging = '';
      handle.setPointerCapture(e.pointerId);
    };
    const move = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      const dy = e.clientY - drag.startY;
      drag.item.style.transform = `translateY(${dy}px)`;
      const mid = drag.mids[drag.from]! + dy;
      drag.to = drag.mids.filter((m, i) => i !== drag!.from && m < mid).length;
      mark(drag.to);
    };
    const up = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.pointer) return;
      const { item, from, to } = drag;
      end();
      if (to === from) return;
      item.dataset.dropping = '';
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [name, value] of [
        ['image', item.dataset.photo ?? ''],
        ['action', 'to'],
        ['position', String(to)],
      ]) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name!;
        input.value = value!;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    };
    list.addEventListener('pointerdown', down);
    list.addEventListener('pointermove', move);
    list.addEventListener('pointerup', up);
    list.addEventListener('pointercancel', end);
    return () => {
      end();
      delete list.dataset.dragReady;
      list.removeEventListener('pointerdown', down);
      list.removeEventListener('pointermove', move);
      list.removeEventListener('pointerup', up);
      list.removeEventListener('pointercancel', end);
    };
  }, [action]);
  return null;
}

import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

export interface CategoryLink {
  slug: string;
  name: string;
  productCount?: number;
  /** A subcategory's parent (categories nest one level: Phones > Android). */
  parentSlug?: string;
}

/**
 * Category chips: one horizontally scrolling row of links (no JavaScript). A subcategory follows
 * its parent and reads "› Android" (its full name "Phones › Android" for screen readers); one
 * whose parent is not listed shows the full name.
 */
export function CategoryNav({
  base,
  categories,
  active,
}: {
  base: string;
  categories: CategoryLink[];
  active?: string;
}) {
  const t = useMessages(commonMessages);
  const bySlug = new Map(categories.map((c) => [c.slug, c]));
  const top = categories.filter((c) => !c.parentSlug || !bySlug.has(c.parentSlug));
  const ordered = top.flatMap((c) => [c, ...categories.filter((x) => x.parentSlug === c.slug)]);
  return (
    <nav className="catnav" aria-label={t('categories')}>
      <div className="wrap">
        <ul className="chips-row">
          {ordered.map((c) => {
            const parent = c.parentSlug ? bySlug.get(c.parentSlug) : undefined;
            const nested = parent !== undefined && ordered.indexOf(parent) >= 0;
            return (
              <li key={c.slug} data-category-chip={c.slug} data-parent={c.parentSlug ?? undefined}>
                <a
                  className={c.slug === active ? 'chip chip--on' : 'chip'}
                  href={`${base}/c/${c.slug}`}
                  aria-current={c.slug === active ? 'page' : undefined}
                  aria-label={parent ? `${parent.name} › ${c.name}` : undefined}
                >
                  {nested ? `› ${c.name}` : c.name}
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}

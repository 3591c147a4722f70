export interface CategoryLink {
  slug: string;
  name: string;
  productCount?: number;
}

/** Category chips: one horizontally scrolling row of links (no JavaScript). */
export function CategoryNav({
  base,
  categories,
  active,
}: {
  base: string;
  categories: CategoryLink[];
  active?: string;
}) {
  return (
    <nav className="catnav" aria-label="Categories">
      <div className="wrap">
        <ul className="chips-row">
          {categories.map((c) => (
            <li key={c.slug}>
              <a
                className={c.slug === active ? 'chip chip--on' : 'chip'}
                href={`${base}/c/${c.slug}`}
                aria-current={c.slug === active ? 'page' : undefined}
              >
                {c.name}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

export interface BreadcrumbLink {
  name: string;
  href?: string;
}

export function Breadcrumbs({ items }: { items: BreadcrumbLink[] }) {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <ol>
        {items.map((c, i) => (
          <li key={`${i}-${c.name}`}>
            {c.href ? <a href={c.href}>{c.name}</a> : <span aria-current="page">{c.name}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

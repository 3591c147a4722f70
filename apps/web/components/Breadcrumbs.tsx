import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

export interface BreadcrumbLink {
  name: string;
  href?: string;
}

export function Breadcrumbs({ items }: { items: BreadcrumbLink[] }) {
  const t = useMessages(commonMessages);
  return (
    <nav className="crumbs" aria-label={t('breadcrumb')}>
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

import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/** A plain GET form: search works without JavaScript. */
export function SearchForm({ base, query, storeName }: { base: string; query: string; storeName: string }) {
  const t = useMessages(commonMessages);
  return (
    <form className="search" action={`${base}/search`} method="get" role="search">
      <label className="visually-hidden" htmlFor="search-q">
        {t('searchLabel', { store: storeName })}
      </label>
      <input
        id="search-q"
        className="search__input"
        type="search"
        name="q"
        defaultValue={query}
        placeholder={t('searchLabel', { store: storeName })}
        maxLength={100}
        enterKeyHint="search"
        autoComplete="off"
      />
      <button className="search__button" type="submit">
        {t('searchButton')}
      </button>
    </form>
  );
}

/** A plain GET form: search works without JavaScript. */
export function SearchForm({ base, query, storeName }: { base: string; query: string; storeName: string }) {
  return (
    <form className="search" action={`${base}/search`} method="get" role="search">
      <label className="visually-hidden" htmlFor="search-q">
        Search {storeName}
      </label>
      <input
        id="search-q"
        className="search__input"
        type="search"
        name="q"
        defaultValue={query}
        placeholder={`Search ${storeName}`}
        maxLength={100}
        enterKeyHint="search"
        autoComplete="off"
      />
      <button className="search__button" type="submit">
        Search
      </button>
    </form>
  );
}

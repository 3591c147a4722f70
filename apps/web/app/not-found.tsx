export default function NotFound() {
  return (
    <main className="wrap notice">
      <title>Page not found</title>
      <h1>Page not found</h1>
      <p>We could not find that page. Check the address and try again.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}

export default function Page() {
  return (
    <main>
      <h1>Empty Next.js page</h1>
    </main>
  );
}

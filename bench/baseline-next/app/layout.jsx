// The floor the storefront has to beat: the smallest Next.js App Router page (same next/react
// as apps/web, resolved from the root node_modules). Kept deliberately empty.
export const metadata = { title: 'Empty Next.js page' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

import { NoticePage } from './_components/notice-page';

export default function NotFound() {
  return (
    <NoticePage title="Page not found" text="We could not find that page. Check the address and try again.">
      <a href="/">Go to the home page</a>
    </NoticePage>
  );
}

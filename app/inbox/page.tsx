import { InboxView } from '@/components/review/inbox-view.tsx';

export default function InboxPage() {
  return (
    <>
      <h1>Inbox</h1>
      <InboxView />
    </>
  );
}

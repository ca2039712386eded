import { RunsView } from '@/components/runs/runs-view.tsx';

export default function RunsPage() {
  return (
    <>
      <h1>Runs</h1>
      <RunsView />
    </>
  );
}

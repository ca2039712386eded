import { ModelsList } from '@/components/models-list.tsx';

export default function ModelsPage() {
  return (
    <>
      <h1>Models</h1>
      <ModelsList />
    </>
  );
}

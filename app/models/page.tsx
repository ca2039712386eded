import { ModelUploadForm } from '@/components/models/model-upload-form.tsx';
import { ModelsList } from '@/components/models-list.tsx';

export default function ModelsPage() {
  return (
    <>
      <h1>Models</h1>
      <ModelUploadForm />
      <ModelsList />
    </>
  );
}

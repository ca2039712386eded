import { redirect } from 'next/navigation';
import { CredentialsForm } from '@/components/auth/credentials-form.tsx';
import { countUsers } from '@/lib/auth/users.ts';
import { getDb } from '@/lib/db/prisma-client.ts';

export const dynamic = 'force-dynamic';

/** The first visit of a fresh install creates the admin account. */
export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect('/signin');
  return (
    <>
      <h1>Create the admin account</h1>
      <p className="muted">This installation has no accounts yet. The first one is its admin, who can then add members and viewers.</p>
      <CredentialsForm action="/api/auth/setup" submitLabel="Create admin and sign in" withName next="/" />
    </>
  );
}

import { UsersAdmin } from '@/components/auth/users-admin.tsx';

export default function UsersPage() {
  return (
    <>
      <h1>Users</h1>
      <p className="muted">Admins manage everything and everyone; members upload models, launch analyses and fusion runs and review; viewers read and comment.</p>
      <UsersAdmin />
    </>
  );
}

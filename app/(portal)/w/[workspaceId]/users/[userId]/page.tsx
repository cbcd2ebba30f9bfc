import type { Metadata } from "next";
import { UserDetailPage } from "@/components/portal/users/user-detail";

export const metadata: Metadata = { title: "User" };

export default async function Page({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  // user_ids cannot contain "%", so decoding an already-decoded id is harmless.
  return <UserDetailPage userId={decodeURIComponent(userId)} />;
}

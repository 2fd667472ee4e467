/** Every organization on the platform, with its size: the admin's overview. */
import type { PrismaClient } from "@lotse/db";

export interface AdminOrganizationView {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  memberCount: number;
  applicationCount: number;
}

export async function listOrganizations(prisma: PrismaClient): Promise<AdminOrganizationView[]> {
  const rows = await prisma.organization.findMany({
    select: {
      id: true,
      name: true,
      slug: true,
      createdAt: true,
      _count: { select: { memberships: true, applications: true } },
    },
    orderBy: { name: "asc" },
  });
  return rows.map(({ _count, ...organization }) => ({
    ...organization,
    memberCount: _count.memberships,
    applicationCount: _count.applications,
  }));
}

/** Organizations and their members. Every query carries the caller's membership. */
import type { MembershipRole, PrismaClient } from "@lotse/db";
import { Prisma } from "@lotse/db";
import { conflict, notFound } from "../../errors.js";
import type { CreateOrganizationInput } from "../../schemas/organizations.js";
import { memberOf } from "./membership.js";

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  role: MembershipRole;
  applicationCount: number;
  /** The organisation's relying-party id (IDP list, DESIGN.md §4). */
  relyingPartyId: string;
}

export async function createOrganization(
  prisma: PrismaClient,
  userId: string,
  input: CreateOrganizationInput,
): Promise<OrganizationSummary> {
  try {
    const organization = await prisma.organization.create({
      data: {
        name: input.name,
        slug: input.slug,
        memberships: { create: { userId, role: "OWNER" } },
      },
    });
    return {
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      role: "OWNER",
      applicationCount: 0,
      relyingPartyId: organization.relyingPartyId,
    };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict("This slug is taken.", ["slug"]);
    }
    throw error;
  }
}

export async function listMyOrganizations(
  prisma: PrismaClient,
  userId: string,
): Promise<OrganizationSummary[]> {
  const organizations = await prisma.organization.findMany({
    where: memberOf(userId),
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      slug: true,
      relyingPartyId: true,
      memberships: { where: { userId }, select: { role: true } },
      _count: { select: { applications: true } },
    },
  });
  return organizations.map((o) => ({
    id: o.id,
    name: o.name,
    slug: o.slug,
    role: o.memberships[0]!.role,
    applicationCount: o._count.applications,
    relyingPartyId: o.relyingPartyId,
  }));
}

export async function getOrganization(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
): Promise<OrganizationSummary> {
  const [organization] = (await listMyOrganizations(prisma, userId)).filter(
    (o) => o.id === organizationId,
  );
  if (!organization) throw notFound("Organization");
  return organization;
}

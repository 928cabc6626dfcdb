import { deciderLabel } from "@/lib/datasets/application-labels";
import type { ApplicationView } from "@/lib/datasets/applications";

/** One application as the machine API answers it: names, not internal user ids. */
export function presentApplication(a: ApplicationView) {
  return {
    id: a.id,
    dataset: { key: a.datasetKey, name: a.datasetName },
    org: { id: a.orgId, name: a.orgName },
    applicant: a.applicantName,
    purpose: a.purpose,
    validFrom: a.validFrom,
    validTo: a.validTo,
    /** pending | approved | rejected | revoked | expired (an approved grant past its period). */
    status: a.displayStatus,
    /** Who decides a pending application now; null when nobody can (see lib/datasets/application-routing.ts). */
    decider: a.status === "pending" && a.deciderOrgId && a.deciderOrgName ? { orgId: a.deciderOrgId, orgName: a.deciderOrgName, label: deciderLabel(a.deciderOrgName) } : null,
    decidedBy: a.deciderName,
    decidedAt: a.decidedAt,
    comment: a.comment,
    createdAt: a.createdAt,
  };
}

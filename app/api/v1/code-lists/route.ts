import { withApiKey } from "@/lib/api/with-api-key";
import { listCodes } from "@/lib/code-lists/queries";

/**
 * 来源单位 and 业务条线: the codes a dataset definition or a rule may name (`active`), and the
 * disabled ones old records still carry. Any key may read them.
 */
export const GET = withApiKey(async () => {
  const [agencies, businessLines] = await Promise.all([listCodes("agency"), listCodes("businessLine")]);
  const shape = ({ code, labelZh, labelEn, active }: { code: string; labelZh: string; labelEn: string; active: boolean }) => ({ code, labelZh, labelEn, active });
  return Response.json({ agencies: agencies.map(shape), businessLines: businessLines.map(shape) });
});

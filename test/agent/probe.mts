import { HumanMessage } from "@langchain/core/messages";
import { z } from "zod";
import { tool } from "langchain";
import { OfflineChatModel } from "../../src/agent/offline-model/model.ts";
import { loadCountries } from "../../src/domain/countries.ts";
import { PROJECT_ROOT } from "../../src/config.ts";
import path from "node:path";
const kd = path.join(PROJECT_ROOT, "knowledge");
const mk = (name: string, shape: z.ZodRawShape) => tool(async () => "", { name, description: name, schema: z.object(shape) });
const tools = [
  mk("classify_product", { description: z.string(), origin: z.string().optional(), k: z.number().optional() }),
  mk("calculate_duty", { lines: z.array(z.any()), entryDate: z.string().optional() }),
  mk("search_rulings", { query: z.string(), k: z.number(), codePrefix: z.string().optional(), dateFrom: z.string().optional(), dateTo: z.string().optional() }),
  mk("search_tariff", { query: z.string(), k: z.number() }),
  mk("extract_document", { documentId: z.string() }),
];
const m = new OfflineChatModel({ countries: loadCountries(kd), knowledgeDir: kd }).bindTools(tools);
for (const u of process.argv.slice(2)) {
  const r = await m.invoke([new HumanMessage(u)]);
  console.log(u, "=>", JSON.stringify(r.tool_calls?.map((c) => [c.name, c.args])) , r.tool_calls?.length ? "" : String(r.content).slice(0, 80));
}

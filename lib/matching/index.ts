export { type MatchReport, matchedColumns, matchJoins, matchReceipts } from "./match-receipts";

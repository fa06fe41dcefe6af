export { type MatchReport, matchReceipts } from "./match-receipts";

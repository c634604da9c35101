// A department's consumer written with the JavaScript SDK (@azure/service-bus), as a department whose systems are in
// JavaScript would write it. It takes one dispatched notice from its queue, abandons the first delivery (as a consumer
// does when its own system is briefly down), completes the redelivery and sends its reply to another queue.
// Arguments: <connection string> <department queue> <reply queue>. Prints one JSON line of what it saw.
import { ServiceBusClient } from "@azure/service-bus";

const [connectionString, queueName, replyQueueName] = process.argv.slice(2);
const waitMs = 15000;

const client = new ServiceBusClient(connectionString, { retryOptions: { maxRetries: 0, timeoutInMs: waitMs } });
try {
  const receiver = client.createReceiver(queueName, { receiveMode: "peekLock" });
  const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: waitMs });
  if (!first) throw new Error(`Nothing arrived on ${queueName} within ${waitMs} ms.`);
  await receiver.abandonMessage(first);

  const [second] = await receiver.receiveMessages(1, { maxWaitTimeInMs: waitMs });
  if (!second) throw new Error(`The abandoned message was not delivered again within ${waitMs} ms.`);
  await receiver.completeMessage(second);
  await receiver.close();

  const notice = Buffer.isBuffer(second.body) ? JSON.parse(second.body.toString("utf8")) : second.body;
  const seen = {
    messageId: second.messageId,
    subject: second.subject,
    correlationId: second.correlationId,
    departmentId: second.applicationProperties?.departmentId,
    eventId: notice.eventId,
    round: notice.round,
    firstDeliveryCount: first.deliveryCount,
    secondDeliveryCount: second.deliveryCount,
    sameLockToken: first.lockToken === second.lockToken,
  };

  const sender = client.createSender(replyQueueName);
  await sender.sendMessages({
    messageId: `${second.messageId}:acknowledged`,
    correlationId: second.correlationId,
    subject: "acknowledged",
    contentType: "application/json",
    applicationProperties: { departmentId: seen.departmentId },
    body: { eventId: seen.eventId, round: seen.round, kind: "acknowledged", seen },
  });
  await sender.close();

  console.log(JSON.stringify(seen));
} finally {
  await client.close();
}

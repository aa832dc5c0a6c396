/**
 * Lets a CloudAdapter run turns for our own Direct Line without an HTTP hop: the "connector"
 * the adapter sends replies through is a function that appends them to the store.
 */
import {
  AuthenticateRequestResult,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity, ResourceResponse } from 'botbuilder';

export const DIRECT_LINE_SERVICE_URL = 'urn:veiviser:directline';
const AUDIENCE = 'urn:veiviser:bot';

export type Deliver = (conversationId: string, activity: Partial<Activity>) => Promise<ResourceResponse>;

class InProcessConnectorFactory extends ConnectorFactory {
  constructor(private readonly deliver: Deliver) {
    super();
  }

  override async create(): Promise<ConnectorClient> {
    const deliver = this.deliver;
    const unsupported = (what: string) => () => Promise.reject(new Error(`${what} is not supported on this channel`));
    const client = {
      conversations: {
        sendToConversation: (conversationId: string, activity: Partial<Activity>) => deliver(conversationId, activity),
        replyToActivity: (conversationId: string, replyToId: string, activity: Partial<Activity>) =>
          deliver(conversationId, { ...activity, replyToId }),
        updateActivity: unsupported('updateActivity'),
        deleteActivity: unsupported('deleteActivity'),
        getConversationMembers: unsupported('getConversationMembers'),
        createConversation: unsupported('createConversation'),
      },
    };
    return client as unknown as ConnectorClient;
  }
}

/** Authentication for turns that never left this process: the caller has already checked the token. */
export class InProcessAuthentication extends BotFrameworkAuthentication {
  private readonly factory: InProcessConnectorFactory;

  constructor(deliver: Deliver) {
    super();
    this.factory = new InProcessConnectorFactory(deliver);
  }

  requestResult(): AuthenticateRequestResult {
    return {
      audience: AUDIENCE,
      claimsIdentity: new ClaimsIdentity([], true),
      connectorFactory: this.factory,
      callerId: undefined as unknown as string,
    };
  }

  override async authenticateRequest(): Promise<AuthenticateRequestResult> {
    return this.requestResult();
  }

  override async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('Streaming is not supported on the built-in Direct Line');
  }

  override createConnectorFactory(): ConnectorFactory {
    return this.factory;
  }

  override async createUserTokenClient(): Promise<UserTokenClient> {
    // OAuth sign-in cards are not used; identity comes with the Direct Line token instead.
    // Not a thenable: `then` must stay undefined or awaiting this object would call it.
    return new Proxy({} as UserTokenClient, {
      get: (_target, prop) =>
        prop === 'then' ? undefined : () => Promise.reject(new Error('User tokens are not supported on this channel')),
    });
  }
}

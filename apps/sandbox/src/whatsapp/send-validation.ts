import { GRAPH_ERRORS, type GraphError } from './graph-errors';

/** Text bodies: at most 4096 characters (reference section 2). */
export const MAX_TEXT_BODY = 4096;
export const MAX_INTERACTIVE_BODY = 1024;
export const MAX_BUTTONS = 3;
export const MAX_BUTTON_TITLE = 20;
const MAX_BUTTON_ID = 256;

/** Kenyan mobile numbers the sandbox treats as WhatsApp accounts (reference section 5). */
export const KENYAN_WA_ID = /^254[17]\d{8}$/;

export interface TextContent {
  type: 'text';
  body: string;
  previewUrl: boolean;
}

export interface TemplateContent {
  type: 'template';
  name: string;
  language: string;
  /** The body component's parameter values (text, or fallback_value for currency/date_time). */
  bodyParameters: string[];
}

export interface InteractiveContent {
  type: 'interactive';
  interactiveType: 'button';
  body: string;
  buttons: Array<{ id: string; title: string }>;
}

export type OutboundContent = TextContent | TemplateContent | InteractiveContent;

export interface SendRequest {
  /** `to` exactly as sent (echoed as contacts[0].input). */
  input: string;
  /** `to` without the leading +: the recipient's wa_id. */
  waId: string;
  content: OutboundContent;
}

export type SendValidation = { ok: true; request: SendRequest } | { ok: false; error: GraphError };

const MEDIA_TYPES = ['audio', 'contacts', 'document', 'image', 'location', 'reaction', 'sticker', 'video'];

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
/** Characters as Meta counts them (code points, not UTF-16 units). */
const length = (value: string): number => [...value].length;
/** A client's value echoed into an error text as Meta does: whatever it is, objects as "[object Object]". */
const echo = (value: unknown): string => String(value);

class Invalid extends Error {
  constructor(readonly graph: GraphError) {
    super(graph.message);
  }
}
const fail = (error: GraphError): never => {
  throw new Invalid(error);
};
const required = (param: string): never =>
  fail(
    GRAPH_ERRORS.invalidParameter(`The parameter ${param} is required.`, `(#100) The parameter ${param} is required.`),
  );

/**
 * Checks a send body the way the Cloud API does, first problem wins: messaging_product, to,
 * recipient_type, type, then the type's own object. Template existence and parameter counts are
 * checked by the caller against the admin-registered catalogue.
 */
export function validateSend(body: unknown): SendValidation {
  try {
    return { ok: true, request: parse(isObj(body) ? body : {}) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.graph };
    throw error;
  }
}

function parse(body: Obj): SendRequest {
  if (body.messaging_product === undefined) required('messaging_product');
  if (body.messaging_product !== 'whatsapp') {
    fail(
      GRAPH_ERRORS.invalidParameter(
        `Param messaging_product must be one of {WHATSAPP} - got "${String(body.messaging_product)}".`,
      ),
    );
  }
  if (!nonEmpty(body.to)) required('to');
  const input = body.to as string;
  const waId = input.trim().replace(/^\+/, '');
  if (!/^\d{7,15}$/.test(waId)) {
    fail(
      GRAPH_ERRORS.invalidParameter(
        `Invalid value for parameter 'to': "${input}" is not a phone number in international format (country code, no leading 0).`,
      ),
    );
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    fail(
      GRAPH_ERRORS.invalidParameter(
        `Param recipient_type must be one of {INDIVIDUAL} - got "${echo(body.recipient_type)}".`,
      ),
    );
  }
  const type = body.type === undefined ? 'text' : body.type; // Meta defaults a missing type to text
  if (type === 'text') return { input, waId, content: parseText(body.text) };
  if (type === 'template') return { input, waId, content: parseTemplate(body.template) };
  if (type === 'interactive') return { input, waId, content: parseInteractive(body.interactive) };
  if (typeof type === 'string' && MEDIA_TYPES.includes(type)) {
    fail(
      GRAPH_ERRORS.parameterValueNotValid(
        `The sandbox supports type text, template and interactive; "${type}" is valid for Meta but not simulated.`,
      ),
    );
  }
  return fail(
    GRAPH_ERRORS.invalidParameter(
      `Param type must be one of {TEXT, TEMPLATE, INTERACTIVE, ${MEDIA_TYPES.join(', ').toUpperCase()}} - got "${echo(type)}".`,
    ),
  );
}

function parseText(text: unknown): TextContent {
  if (!isObj(text) || !nonEmpty(text.body)) return required("text['body']");
  if (length(text.body) > MAX_TEXT_BODY) {
    fail(
      GRAPH_ERRORS.invalidParameter(
        `Param text['body'] must be at most ${MAX_TEXT_BODY} characters long.`,
        `(#100) Param text['body'] must be at most ${MAX_TEXT_BODY} characters long.`,
      ),
    );
  }
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') {
    fail(GRAPH_ERRORS.invalidParameter("Param text['preview_url'] must be a boolean."));
  }
  return { type: 'text', body: text.body, previewUrl: text.preview_url === true };
}

function parseTemplate(template: unknown): TemplateContent {
  if (!isObj(template) || !nonEmpty(template.name)) return required("template['name']");
  const name = template.name;
  if (!isObj(template.language) || !nonEmpty(template.language.code)) return required("template['language']['code']");
  const language = template.language.code;
  if (template.language.policy !== undefined && template.language.policy !== 'deterministic') {
    fail(
      GRAPH_ERRORS.invalidParameter(
        `Param template['language']['policy'] must be one of {DETERMINISTIC} - got "${echo(template.language.policy)}".`,
      ),
    );
  }
  const components = template.components ?? [];
  if (!Array.isArray(components))
    return fail(GRAPH_ERRORS.invalidParameter("Param template['components'] must be an array."));
  let bodyParameters: string[] | null = null;
  components.forEach((component, i) => {
    if (!isObj(component) || !['header', 'body', 'button', 'footer'].includes(component.type as string)) {
      fail(
        GRAPH_ERRORS.invalidParameter(
          `Param template['components'][${i}]['type'] must be one of {HEADER, BODY, BUTTON, FOOTER}.`,
        ),
      );
    }
    const c = component as Obj;
    const parameters = c.parameters ?? [];
    if (!Array.isArray(parameters))
      return fail(GRAPH_ERRORS.invalidParameter(`Param template['components'][${i}]['parameters'] must be an array.`));
    if (c.type !== 'body') return; // header/button parameters are accepted as sent
    if (bodyParameters) fail(GRAPH_ERRORS.invalidParameter('A template may have only one body component.'));
    bodyParameters = parameters.map((parameter, j) =>
      bodyParameterValue(parameter, `template['components'][${i}]['parameters'][${j}]`),
    );
  });
  return { type: 'template', name, language, bodyParameters: bodyParameters ?? [] };
}

function bodyParameterValue(parameter: unknown, path: string): string {
  if (!isObj(parameter)) return required(`${path}['type']`);
  if (parameter.type === 'text') {
    if (typeof parameter.text !== 'string' || parameter.text === '') return required(`${path}['text']`);
    return parameter.text;
  }
  if (parameter.type === 'currency' || parameter.type === 'date_time') {
    const inner = parameter[parameter.type];
    if (!isObj(inner) || !nonEmpty(inner.fallback_value))
      return required(`${path}['${parameter.type}']['fallback_value']`);
    return inner.fallback_value;
  }
  return fail(
    GRAPH_ERRORS.invalidParameter(
      `Param ${path}['type'] must be one of {TEXT, CURRENCY, DATE_TIME} in a body component - got "${String(parameter.type)}".`,
    ),
  );
}

function parseInteractive(interactive: unknown): InteractiveContent {
  if (!isObj(interactive) || interactive.type === undefined) return required("interactive['type']");
  if (interactive.type !== 'button') {
    fail(
      GRAPH_ERRORS.parameterValueNotValid(
        `The sandbox simulates interactive.type "button" only; got "${echo(interactive.type)}".`,
      ),
    );
  }
  if (!isObj(interactive.body) || !nonEmpty(interactive.body.text)) return required("interactive['body']['text']");
  const body = interactive.body.text;
  if (length(body) > MAX_INTERACTIVE_BODY)
    fail(
      GRAPH_ERRORS.parameterValueNotValid(
        `Body text length invalid. Min length: 1, Max length: ${MAX_INTERACTIVE_BODY}`,
      ),
    );
  for (const part of ['header', 'footer'] as const) {
    const value = interactive[part];
    if (value === undefined) continue;
    if (
      !isObj(value) ||
      (part === 'header' && value.type !== 'text') ||
      !nonEmpty(value.text) ||
      length(value.text) > 60
    ) {
      fail(GRAPH_ERRORS.parameterValueNotValid(`The sandbox accepts a text ${part} of 1 to 60 characters.`));
    }
  }
  if (!isObj(interactive.action)) return required("interactive['action']");
  const buttons = interactive.action.buttons;
  if (!Array.isArray(buttons)) return required("interactive['action']['buttons']");
  if (buttons.length < 1 || buttons.length > MAX_BUTTONS)
    fail(GRAPH_ERRORS.parameterValueNotValid(`Buttons count should be between 1 and ${MAX_BUTTONS}`));
  const parsed = buttons.map((button) => {
    if (!isObj(button) || button.type !== 'reply' || !isObj(button.reply))
      return fail(GRAPH_ERRORS.parameterValueNotValid('Each button must be {"type":"reply","reply":{"id","title"}}'));
    const { id, title } = button.reply;
    if (typeof title !== 'string' || title.trim() === '' || length(title) > MAX_BUTTON_TITLE) {
      fail(
        GRAPH_ERRORS.parameterValueNotValid(
          `Button title length invalid. Min length: 1, Max length: ${MAX_BUTTON_TITLE}`,
        ),
      );
    }
    if (typeof id !== 'string' || id.trim() === '' || length(id) > MAX_BUTTON_ID) {
      fail(
        GRAPH_ERRORS.parameterValueNotValid(`Button id length invalid. Min length: 1, Max length: ${MAX_BUTTON_ID}`),
      );
    }
    return { id: id as string, title: title as string };
  });
  if (new Set(parsed.map((b) => b.id)).size !== parsed.length)
    fail(GRAPH_ERRORS.parameterValueNotValid('Duplicate button id. Button ids must be unique.'));
  if (new Set(parsed.map((b) => b.title)).size !== parsed.length)
    fail(GRAPH_ERRORS.parameterValueNotValid('Duplicate button title. Button titles must be unique.'));
  return { type: 'interactive', interactiveType: 'button', body, buttons: parsed };
}

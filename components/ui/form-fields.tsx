"use client";

import { createContext, useActionState, useContext, useEffect, type ComponentType, type ReactNode } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

// A form that shows its action's result, and labelled controls that find their own error
// in it by name: the forms declare their fields, not pairs of Field and Input with the
// error looked up by hand.

const ResultContext = createContext<ActionResult | null>(null);

type Action = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** A dialog form's action state: the dialog closes (`onDone`) once the action succeeds. */
export function useDialogAction(action: Action, onDone: () => void) {
  const state = useActionState(action, null);
  const result = state[0];
  useEffect(() => {
    if (result?.ok) onDone();
  }, [result, onDone]);
  return state;
}

export function ActionForm({
  action,
  result,
  className,
  children,
}: {
  action: (form: FormData) => void;
  result: ActionResult | null;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form action={action} className={className}>
      <ResultContext.Provider value={result}>{children}</ResultContext.Provider>
    </form>
  );
}

type Labelled = { label: string; name: string; id?: string; hint?: ReactNode };

/** A control with its label above and its hint, or the action's error for `name`, below. */
function labelled<P extends object>(Control: ComponentType<P & { id: string; name: string }>) {
  return function LabelledField({ label, name, id = name, hint, ...props }: Labelled & P) {
    const error = fieldError(useContext(ResultContext), name);
    return (
      <Field label={label} hint={hint} error={error} htmlFor={id}>
        <Control {...(props as P)} id={id} name={name} />
      </Field>
    );
  };
}

type Options = { options: readonly (readonly [string | number, string])[] };

/** A select whose options are [value, label] pairs. */
function OptionsSelect({ options, ...props }: Options & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Select {...props}>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </Select>
  );
}

export const TextField = labelled<React.InputHTMLAttributes<HTMLInputElement>>(Input);
export const TextareaField = labelled<React.TextareaHTMLAttributes<HTMLTextAreaElement>>(Textarea);
export const SelectField = labelled<Options & React.SelectHTMLAttributes<HTMLSelectElement>>(OptionsSelect);

/** A checkbox with a bold label and a line that says what it does. */
export function CheckboxField({
  label,
  description,
  ...props
}: { label: string; description: ReactNode } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" {...props} />
      <span>
        <span className="font-medium">{label}</span>
        <span className="block text-xs text-slate-500">{description}</span>
      </span>
    </label>
  );
}

/** A titled card of fields; `wide`: one column instead of two from sm up. */
export function FormSection({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <Card className={cn("grid gap-4 p-5", !wide && "sm:grid-cols-2")}>
      <h2 className={cn("text-sm font-semibold", !wide && "sm:col-span-2")}>{title}</h2>
      {children}
    </Card>
  );
}

/** A dialog form's end: the action's error, if any, then Cancel and submit. */
export function FormFooter({
  pending,
  submit,
  cancel,
  result: given,
}: {
  pending: boolean;
  submit: string;
  /** A link back (a page form), or closing the dialog the form sits in. */
  cancel: { href: string } | { onClick: () => void };
  /** The action's result, for a form that is not an ActionForm. */
  result?: ActionResult | null;
}) {
  const fromForm = useContext(ResultContext);
  const result = given === undefined ? fromForm : given;
  return (
    <>
      <FormStatus result={result && !result.ok ? result : null} />
      <div className="flex justify-end gap-2">
        {"href" in cancel ? (
          <a href={cancel.href} className={buttonClass("secondary")}>
            Cancel
          </a>
        ) : (
          <Button variant="secondary" onClick={cancel.onClick}>
            Cancel
          </Button>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submit}
        </Button>
      </div>
    </>
  );
}
